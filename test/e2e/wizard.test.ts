import type { Page } from 'playwright-core';
import { describeE2e, screenshot, useE2eApp } from './harness';

async function defineField(page: Page, label: string, type: string, options: string[] = [], required = false) {
  await page.getByTestId('custom-field-new').click();
  await page.getByTestId('custom-field-label').fill(label);
  await page.getByTestId('custom-field-type').selectOption(type);
  if (options.length > 0) await page.getByTestId('custom-field-options').fill(options.join('\n'));
  if (required) await page.getByTestId('custom-field-required').check();
  await page.getByTestId('custom-field-save').click();
  await page.getByTestId('custom-field-row').filter({ hasText: label }).waitFor();
}

describeE2e('the customer wizard in the browser', () => {
  const app = useE2eApp({ prefix: 'e2e-wizard', signIn: true, language: 'en' });

  it('the admin adds custom customer fields in Settings', async () => {
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    await defineField(page, 'Shoe size', 'number');
    await defineField(page, 'Customer level', 'choice', ['Bronze', 'Silver', 'Gold'], true);
    await defineField(page, 'Wholesale buyer', 'boolean');
    expect(await page.getByTestId('custom-field-row').filter({ hasText: 'customer_level' }).count()).toBe(1);
    await page.getByTestId('custom-fields-card').scrollIntoViewIfNeeded();
    await screenshot(page, '60-wizard-custom-fields-settings');
  });

  it('a person: errors stay on their step, then every step is filled and the details show it all', async () => {
    const { page } = app;
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('new-customer-full').click();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-panel-basic').getByText('Required.').waitFor();
    await screenshot(page, '61-wizard-basic-errors');
    await page.getByTestId('field-firstName').fill('Lucía');
    await page.getByTestId('field-lastName').fill('Fernández Ríos');
    await page.getByTestId('field-phone').fill('6123-7788');
    await page.getByTestId('field-email').fill('lucia.fernandez@example.com');
    await page.getByTestId('field-dateOfBirth').fill('1990-03-14');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('add-address').click();
    await page.getByTestId('address-0-kind').selectOption('shipping');
    await page.getByTestId('address-0-line1').fill('Calle 74 Este, PH Marbella, apto 12B');
    await page.getByTestId('address-0-city').fill('Panamá');
    await page.getByTestId('address-0-region').fill('Panamá');
    // Keyboard: the steps are tabs that arrow keys move through.
    await page.getByTestId('wizard-step-addresses').focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('wizard-panel-preferences').waitFor();
    await page.getByTestId('field-language').selectOption('es');
    await page.getByTestId('field-preferredCurrency').fill('USD');
    await page.getByTestId('field-contactChannel').selectOption('whatsapp');
    await page.getByTestId('field-smsConsent').check();
    await page.getByTestId('field-emailConsent').check();
    await screenshot(page, '62-wizard-preferences');
    await page.getByTestId('wizard-step-loyalty').click();
    const tags = page.getByTestId('field-tags');
    await tags.fill('café');
    await tags.press('Enter');
    await page.getByTestId('field-notes').fill('Prefers deliveries after 5 pm.');
    await page.getByTestId('wizard-step-custom').click();
    await page.getByTestId('custom-shoe_size').fill('37,5');
    await page.getByTestId('custom-customer_level').selectOption('Gold');
    await screenshot(page, '63-wizard-custom-fields');
    await page.getByTestId('save-customer').click();
    await page.getByTestId('details-name').filter({ hasText: 'Lucía Fernández Ríos' }).waitFor();
    const details = page.getByTestId('customer-details');
    expect(await page.getByTestId('details-address').textContent()).toContain('Calle 74 Este');
    expect(await page.getByTestId('details-custom-customer_level').textContent()).toBe('Gold');
    expect(await page.getByTestId('details-custom-shoe_size').textContent()).toBe('37.5');
    expect(await page.getByTestId('consent-sms').textContent()).toMatch(/Yes/);
    await details.getByTestId('details-addresses').scrollIntoViewIfNeeded();
    await screenshot(page, '64-wizard-individual-saved');
  });

  it('a business: the missing company opens its step, row errors are marked, and the business is saved with addresses and contacts', async () => {
    const { page } = app;
    await page.getByTestId('new-customer-full').click();
    await page.getByTestId('kind-business').check();
    await page.getByTestId('save-customer').click();
    await page.getByTestId('wizard-panel-business').getByText('Required.').waitFor();
    expect(await page.getByTestId('wizard-step-business').getAttribute('data-error')).toBe('true');
    await page.getByTestId('field-company').fill('Ferretería El Sol, S.A.');
    await page.getByTestId('field-taxId').fill('155-612-2021');
    await page.getByTestId('field-registrationNumber').fill('Folio 55123');
    await page.getByTestId('field-businessType').selectOption('corporation');
    await page.getByTestId('field-industry').fill('Hardware and building supplies');
    await page.getByTestId('field-paymentTerms').selectOption('net_30');
    await screenshot(page, '65-wizard-business-profile');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('add-address').click();
    await page.getByTestId('address-0-line1').fill('Vía España, Edificio Sol, local 3');
    await page.getByTestId('address-0-city').fill('Panamá');
    await page.getByTestId('add-address').click();
    await page.getByTestId('address-1-kind').selectOption('shipping');
    await page.getByTestId('address-1-line1').fill('Bodega 4, Juan Díaz');
    await page.getByTestId('add-contact').click();
    await page.getByTestId('contact-0-name').fill('María Quintero');
    await page.getByTestId('contact-0-role').fill('Purchasing');
    await page.getByTestId('contact-0-phone').fill('6555-12');
    await page.getByTestId('add-contact').click();
    await page.getByTestId('contact-1-name').fill('Luis Pinto');
    await page.getByTestId('contact-1-email').fill('luis@elsol.com.pa');
    await page.getByTestId('save-customer').click();
    // The shipping city and the contact's phone are wrong, and the required level is empty:
    // the first step at fault opens, and every step at fault is marked.
    await page
      .getByTestId('wizard-panel-addresses')
      .getByText(/Not a valid phone number/)
      .waitFor();
    expect(await page.getByTestId('address-1-city').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('wizard-step-custom').getAttribute('data-error')).toBe('true');
    await page.getByTestId('contact-0-phone').scrollIntoViewIfNeeded();
    await page.getByTestId('wizard-step-addresses').scrollIntoViewIfNeeded();
    await screenshot(page, '66-wizard-business-row-errors');
    await page.getByTestId('address-1-city').fill('Panamá');
    await page.getByTestId('contact-0-phone').fill('6555-1234');
    await screenshot(page, '67-wizard-business-addresses');
    await page.getByTestId('save-customer').click();
    await page.getByTestId('wizard-panel-custom').getByText('Required.').waitFor();
    await page.getByTestId('custom-customer_level').selectOption('Silver');
    await page.getByTestId('custom-wholesale_buyer').check();
    await page.getByTestId('save-customer').click();
    await page.getByTestId('details-name').filter({ hasText: 'Ferretería El Sol' }).waitFor();
    expect(await page.getByTestId('details-address').count()).toBe(2);
    expect(await page.getByTestId('details-contact').count()).toBe(2);
    expect(await page.getByTestId('details-payment-terms').textContent()).toBe('Net 30 days');
    await page.getByTestId('details-contacts').scrollIntoViewIfNeeded();
    await screenshot(page, '68-wizard-business-saved');
  });

  it('an address changed later shows in the history, field by field', async () => {
    const { page } = app;
    await page.getByTestId('edit-customer').click();
    await page.getByTestId('wizard-step-addresses').click();
    await page.getByTestId('address-1-line1').fill('Bodega 7, Juan Díaz');
    await page.getByTestId('save-customer').click();
    await page.getByTestId('saved-notice').waitFor();
    const history = page.getByTestId('customer-history');
    await history.getByText('Address changed').first().waitFor();
    expect(await history.textContent()).toContain('Bodega 7, Juan Díaz');
    await history.scrollIntoViewIfNeeded();
    await screenshot(page, '69-wizard-address-history');
  });
});
